/** Channels of the points area. */
export const pointsContract = {};
