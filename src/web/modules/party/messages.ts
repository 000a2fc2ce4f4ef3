// UI strings of the party pages, Chinese and English side by side; merged into the app's dictionaries
// by src/web/locales. The type makes English cover every Chinese key.
const zh = {
} as const;

const en: Record<keyof typeof zh, string> = {
};

export const partyMessages = { zh, en };
