/** UI text of the console's working tools (inbox queues, intake helpers, administration): [中文, English]. */
export const WORKBENCH_MESSAGES = {
  'intake.refused': ['派单未通过，工单未创建。', 'The dispatch was refused; no order was created.'],
  'intake.dispatchAgain': ['按勾选项重新受理并派单', 'Intake and dispatch again with these exceptions'],
} as const;
