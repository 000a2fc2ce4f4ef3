// Shapes shared by the server and the web app for rating (/api/v1/rating/*). Constants only.

/** Vehicle usages of the 交强险 and 商业车险 tariffs (the `usage` column of ctpl-base-premium.csv). */
export const CTPL_USAGES = [
  'FAMILY',
  'ENTERPRISE',
  'GOVERNMENT',
  'TAXI_RENTAL',
  'CITY_BUS',
  'COACH',
  'TRUCK_NONBUSINESS',
  'TRUCK_BUSINESS',
  'SPECIAL_1',
  'SPECIAL_2',
  'SPECIAL_3',
  'SPECIAL_4',
  'MOTORCYCLE',
] as const;
export type CtplUsage = (typeof CTPL_USAGES)[number];
