/** Channels of the rewards area. */
export const rewardsContract = {};
