/** UI strings of the settings page, namespace 'settings'. */
export const en = {
  title: 'Settings',
  storeName: 'Store name',
  currency: 'Currency (ISO code)',
  currencyHint: 'Three letters, e.g. CNY, USD, JPY.',
  minorUnits: 'Decimal places of the currency',
  minorUnitsHint: 'CNY and USD: 2; JPY: 0.',
  example: 'Example: {{amount}}',
  locale: 'Language',
  idleLockMinutes: 'Lock the terminal after this many idle minutes',
  counterMode: {
    label: 'Window on this terminal',
    window: 'Normal window',
    maximized: 'Maximised',
    kiosk: 'Kiosk (full screen, desktop hidden)',
    hint: 'For a dedicated counter PC choose Maximised or Kiosk. Kiosk hides the taskbar and the title bar until you switch back here.',
  },
  save: 'Save settings',
  saved: 'Settings saved.',
  locales: {
    en: 'English',
    zhCN: '简体中文 (Simplified Chinese)',
  },
};

export const zhCN: typeof en = {
  title: '设置',
  storeName: '门店名称',
  currency: '货币（ISO 代码）',
  currencyHint: '三个字母，例如 CNY、USD、JPY。',
  minorUnits: '货币小数位数',
  minorUnitsHint: '人民币和美元：2；日元：0。',
  example: '示例：{{amount}}',
  locale: '语言',
  idleLockMinutes: '空闲多少分钟后锁定终端',
  counterMode: {
    label: '本终端的窗口',
    window: '普通窗口',
    maximized: '最大化',
    kiosk: '全屏锁定（Kiosk，隐藏桌面）',
    hint: '专用收银电脑请选择“最大化”或“全屏锁定”。全屏锁定会隐藏任务栏和标题栏，直到在这里改回。',
  },
  save: '保存设置',
  saved: '设置已保存。',
  locales: {
    en: 'English（英语）',
    zhCN: '简体中文',
  },
};
