/** UI strings of the points area, namespace 'points'. Keys must match in both languages (a test checks). */
import { counterEn, counterZhCN } from './i18n-counter';
import { rulesEn, rulesZhCN } from './i18n-rules';

export const en = {
  counterTitle: 'Counter',
  listTitle: 'Members',
  rulesTitle: 'Points rules',
  rewardsTitle: 'Rewards',
  reportsTitle: 'Reports',
  dataTitle: 'Data',
  ...counterEn,
  ...rulesEn,
};

export const zhCN: typeof en = {
  counterTitle: '收银台',
  listTitle: '会员',
  rulesTitle: '积分规则',
  rewardsTitle: '奖励',
  reportsTitle: '报表',
  dataTitle: '数据',
  ...counterZhCN,
  ...rulesZhCN,
};
