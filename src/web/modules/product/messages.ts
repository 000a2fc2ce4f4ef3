// UI strings of the product pages, Chinese and English side by side; merged into the app's dictionaries
// by src/web/locales. The type makes English cover every Chinese key.
const zh = {
} as const;

const en: Record<keyof typeof zh, string> = {
};

export const productMessages = { zh, en };
