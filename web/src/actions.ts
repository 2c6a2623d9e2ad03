/**
 * What every form does with the API's answer: 400 problems beside their fields,
 * a 409 explained and the page refreshed, a 401 leaving the form as typed while
 * the sign-in dialog opens over it.
 */
import { ElMessage, ElMessageBox } from 'element-plus';
import { reactive, ref } from 'vue';
import { ApiError } from './api/client';

export function useAction(refresh?: () => Promise<unknown> | unknown) {
  const errors = reactive<Record<string, string>>({});
  const busy = ref(false);
  const message = ref('');

  function clear() {
    for (const key of Object.keys(errors)) delete errors[key];
    message.value = '';
  }

  async function run<T>(work: () => Promise<T>, done?: string): Promise<T | undefined> {
    clear();
    busy.value = true;
    try {
      const result = await work();
      if (done) ElMessage.success(done);
      return result;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 400) {
        for (const problem of error.problems) errors[problem.path.replace(/^body\./, '')] = problem.message;
        message.value = error.problems.length ? `請更正標出的欄位 Please correct the marked fields: ${error.message}` : error.message;
      } else if (error.status === 409) {
        await ElMessageBox.alert(
          `這一項已被他人處理，或狀態已經改變；頁面將刷新。 Someone else has already acted on this, or its state has changed; the page refreshes. — ${error.message}`,
          '衝突 Conflict',
          { type: 'warning', confirmButtonText: '刷新 Refresh' },
        ).catch(() => undefined);
        await refresh?.();
      } else if (error.status === 401) {
        message.value = '登錄已過期，請重新登錄後再提交；已填寫的內容保留。 Your session expired: sign in again, then submit; what you typed is kept.';
      } else {
        message.value = error.message;
      }
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { errors, busy, message, run, clear };
}
