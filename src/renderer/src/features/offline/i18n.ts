/** UI strings of the offline area, namespace 'offline'. Keys must match in both languages (a test checks). */
export const en = {
  counterTitle: 'Counter',
  listTitle: 'Members',
  rulesTitle: 'Points rules',
  rewardsTitle: 'Rewards',
  reportsTitle: 'Reports',
  dataTitle: 'Data',
};

export const zhCN: typeof en = {
  counterTitle: '收银台',
  listTitle: '会员',
  rulesTitle: '积分规则',
  rewardsTitle: '奖励',
  reportsTitle: '报表',
  dataTitle: '数据',
};
