import type { AreaHandlers } from '../handler-types';
import { defineArea } from '../area';
import { summaryReport } from './summary';
import { liabilityNow } from './liability';
import { expiryForecast, redemptionByReward, tierDistribution, topMembers } from './period-reports';
import { memberInsights } from './member-insights';
import { reportCsv } from './report-csv';

export const reportsHandlers: AreaHandlers<'reports'> = {
  'reports:summary': (ctx, input) => summaryReport(ctx.db, input.from, input.to, ctx.now()),
  'reports:topMembers': (ctx, input) => topMembers(ctx.db, input.from, input.to, input.limit),
  'reports:tierDistribution': (ctx) => tierDistribution(ctx.db, ctx.now()),
  'reports:redemptionByReward': (ctx, input) => redemptionByReward(ctx.db, input.from, input.to),
  'reports:expiryForecast': (ctx, input) => expiryForecast(ctx.db, ctx.now(), input.days),
  'reports:liability': (ctx) => liabilityNow(ctx.db, ctx.now()),
  'reports:memberInsights': (ctx, input) => memberInsights(ctx, input.memberId, ctx.now()),
  'reports:csv': (ctx, input) => reportCsv(ctx.db, input.report, input.from, input.to, ctx.now()),
};

export const reportsArea = defineArea({ name: 'reports', handlers: reportsHandlers });
