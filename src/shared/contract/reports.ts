/** Channels of the reports area (reports, RFM analysis). */
export const reportsContract = {};
