/** Channels of the members area. */
export const membersContract = {};
