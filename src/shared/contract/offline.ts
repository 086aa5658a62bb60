/** Channels of the offline area. */
export const offlineContract = {};
