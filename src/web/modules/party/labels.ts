// Code lists of the party pages that the contract leaves to the UI. Their names are in messages.ts
// (party.country.<code>).

/** Nationalities offered first (ISO 3166-1 alpha-3); the server accepts any alpha-3 code. */
export const NATIONALITIES = ['CHN', 'HKG', 'MAC', 'TWN', 'USA', 'CAN', 'GBR', 'FRA', 'DEU', 'JPN', 'KOR', 'SGP', 'MYS', 'AUS', 'NZL', 'RUS'] as const;
export type Nationality = (typeof NATIONALITIES)[number];

/** 职业类别 1 (lowest risk) to 6. */
export const OCCUPATION_CLASSES = [1, 2, 3, 4, 5, 6] as const;
