// 调度 and 查勘/定损/人伤 tasks with their assessed items, and claim documents (blob store).
import type { ClaimDeps } from './deps';

export function createTaskService(_deps: ClaimDeps) {
  return {};
}
export type TaskService = ReturnType<typeof createTaskService>;
