/**
 * Local stand-ins for the three group robots, on loopback, each checking what
 * its service documents and answering as it does:
 * - 企業微信 (WeCom) `POST /cgi-bin/webhook/send?key=KEY`: `msgtype: markdown`,
 *   `markdown.content` at most 4,096 bytes; `{errcode: 0, errmsg: 'ok'}`, or 93000 for a wrong key.
 * - 釘釘 (DingTalk) `POST /robot/send?access_token=T&timestamp=MS&sign=S`: S is
 *   Base64(HMAC-SHA256(secret, `${MS}\n${secret}`)), MS within an hour of now;
 *   `msgtype: markdown` with `title` and `text`; `{errcode: 0}`, or 310000 for a bad signature.
 * - 飛書 (Feishu) `POST /open-apis/bot/v2/hook/HOOK`: body `timestamp` (s) and
 *   `sign` = Base64(HMAC-SHA256(key = `${timestamp}\n${secret}`, '')); `{code: 0, msg: 'success'}`, or 19021 for a bad signature.
 * The signatures are computed here independently of the code under test.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RobotSecrets {
  wecomKey: string;
  dingtalkToken: string;
  dingtalkSecret: string;
  feishuHook: string;
  feishuSecret: string;
}

export interface ReceivedRobotMessage {
  robot: 'wecom' | 'dingtalk' | 'feishu';
  /** The Markdown the robot would show. */
  markdown: string;
  title: string | null;
  body: Record<string, any>;
}

export interface RobotReceivers {
  urls: { wecom: string; dingtalk: string; feishu: string };
  accepted: ReceivedRobotMessage[];
  refused: Array<{ robot: string; code: number }>;
  close(): Promise<void>;
}

const json = (response: http.ServerResponse, body: unknown) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));

export async function startRobotReceivers(secrets: RobotSecrets): Promise<RobotReceivers> {
  const accepted: ReceivedRobotMessage[] = [];
  const refused: Array<{ robot: string; code: number }> = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://robot.test');
      let body: Record<string, any>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        json(response, { errcode: 40001, errmsg: 'invalid json' });
        return;
      }
      const refuse = (robot: string, code: number, field: 'errcode' | 'code') => {
        refused.push({ robot, code });
        json(response, { [field]: code, [field === 'code' ? 'msg' : 'errmsg']: 'refused' });
      };
      if (url.pathname === '/cgi-bin/webhook/send') {
        if (url.searchParams.get('key') !== secrets.wecomKey) return refuse('wecom', 93000, 'errcode');
        const content = body.markdown?.content;
        if (body.msgtype !== 'markdown' || typeof content !== 'string' || Buffer.byteLength(content) > 4096) return refuse('wecom', 40008, 'errcode');
        accepted.push({ robot: 'wecom', markdown: content, title: null, body });
        return json(response, { errcode: 0, errmsg: 'ok' });
      }
      if (url.pathname === '/robot/send') {
        const timestamp = Number(url.searchParams.get('timestamp'));
        const expected = createHmac('sha256', secrets.dingtalkSecret).update(`${timestamp}\n${secrets.dingtalkSecret}`).digest('base64');
        const fresh = Math.abs(Date.now() - timestamp) < 3600_000;
        if (url.searchParams.get('access_token') !== secrets.dingtalkToken || !fresh || url.searchParams.get('sign') !== expected) return refuse('dingtalk', 310000, 'errcode');
        if (body.msgtype !== 'markdown' || typeof body.markdown?.title !== 'string' || typeof body.markdown?.text !== 'string') return refuse('dingtalk', 40035, 'errcode');
        accepted.push({ robot: 'dingtalk', markdown: body.markdown.text, title: body.markdown.title, body });
        return json(response, { errcode: 0, errmsg: 'ok' });
      }
      if (url.pathname === `/open-apis/bot/v2/hook/${secrets.feishuHook}`) {
        const expected = createHmac('sha256', `${body.timestamp}\n${secrets.feishuSecret}`).update('').digest('base64');
        const fresh = Math.abs(Date.now() / 1000 - Number(body.timestamp)) < 3600;
        if (!fresh || body.sign !== expected) return refuse('feishu', 19021, 'code');
        const element = body.card?.elements?.[0];
        if (body.msg_type !== 'interactive' || element?.tag !== 'markdown' || typeof element.content !== 'string') return refuse('feishu', 9499, 'code');
        accepted.push({ robot: 'feishu', markdown: element.content, title: body.card.header?.title?.content ?? null, body });
        return json(response, { code: 0, msg: 'success' });
      }
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urls: {
      wecom: `${base}/cgi-bin/webhook/send?key=${secrets.wecomKey}`,
      dingtalk: `${base}/robot/send?access_token=${secrets.dingtalkToken}`,
      feishu: `${base}/open-apis/bot/v2/hook/${secrets.feishuHook}`,
    },
    accepted,
    refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
