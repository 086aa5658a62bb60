-- Placeholder for server migration 012, reserved by another branch (migrations are
-- consecutive, so 013 needs a 012 to run). Does nothing: drop this file when the real
-- 012 is merged.
SELECT 1;
