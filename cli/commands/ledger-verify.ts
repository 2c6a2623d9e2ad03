/** `campaign ledger verify ID`: the server's check of the campaign's hash chain; exit 1 when it is broken. */
import type { z } from 'zod';
import type { chainVerificationSchema } from '../../api/routes/ledger.schemas';
import type { CommandContext } from '../context';
import { EXIT } from '../errors';
import { seg } from '../http';
import { bi } from '../output';

type ChainVerification = z.infer<typeof chainVerificationSchema>;

export async function ledgerVerify(ctx: CommandContext, campaignId: string): Promise<number> {
  const { out } = ctx;
  const result = await ctx.api().get<ChainVerification>(`/campaigns/${seg(campaignId)}/ledger/verify`);
  out.result(result);
  out.line(`${bi('已檢查', 'checked')} ${result.checked} ${bi('行', 'rows')}; ${bi('鏈頭', 'chain head')}: seq ${result.head.seq} ${result.head.hash}`);
  if (result.ok) {
    out.line(bi('哈希鏈完整', 'the hash chain is intact'));
    return EXIT.ok;
  }
  out.note(`campaign: ${bi('哈希鏈斷裂', 'the hash chain is broken')} ${bi('於序號', 'at seq')} ${result.brokenAt?.seq}: ${result.brokenAt?.reason}`);
  return EXIT.refused;
}
