-- Up Migration

-- The group robots Chinese offices use (企業微信, 釘釘, 飛書) are channels beside
-- console, webhook and SMTP; their address is the robot's webhook URL.
ALTER TABLE outbox DROP CONSTRAINT outbox_channel_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_channel_check CHECK (channel IN ('console', 'webhook', 'smtp', 'wecom', 'dingtalk', 'feishu'));
ALTER TABLE notification_routes DROP CONSTRAINT notification_routes_channel_check;
ALTER TABLE notification_routes ADD CONSTRAINT notification_routes_channel_check CHECK (channel IN ('console', 'webhook', 'smtp', 'wecom', 'dingtalk', 'feishu'));
