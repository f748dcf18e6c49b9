CREATE TABLE `rate_limit_counters` (
	`subject` text NOT NULL,
	`second` integer NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`tokens` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`subject`, `second`)
);
