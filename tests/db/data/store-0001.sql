-- A store written by talentflow before talentflow.db existed (commit ba3541b, `open_store` + one
-- `import_observations`), dumped with `sqlite3 .dump`: the recognition test loads it.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO alembic_version VALUES('0001');
CREATE TABLE observation (
	id INTEGER NOT NULL, 
	"key" VARCHAR(32) NOT NULL, 
	indicator VARCHAR(200) NOT NULL, 
	area VARCHAR(16) NOT NULL, 
	counterpart VARCHAR(16), 
	year INTEGER, 
	period VARCHAR(100) NOT NULL, 
	sex VARCHAR(16) NOT NULL, 
	age VARCHAR(32) NOT NULL, 
	education VARCHAR(16) NOT NULL, 
	specialty VARCHAR(100), 
	breakdown TEXT NOT NULL, 
	value FLOAT, 
	unit VARCHAR(100) NOT NULL, 
	source_name TEXT NOT NULL, 
	source_url TEXT, 
	source_table TEXT, 
	quote TEXT NOT NULL, 
	retrieved DATE, 
	flags TEXT NOT NULL, 
	topic VARCHAR(100) NOT NULL, 
	dataset VARCHAR(300) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE ("key")
);
INSERT INTO observation VALUES(1,'28f55eecfd51f0472896df7d9d9ec2f9','emigrants_permanent','KAZ','RUS',2023,'Y','_T','_T','_T',NULL,'',9000.0,'persons','test','https://example.org/a',NULL,'9 000',NULL,'synthetic','','synthetic/old');
CREATE TABLE dataset (
	id INTEGER NOT NULL, 
	name VARCHAR(300) NOT NULL, 
	file TEXT, 
	sha256 VARCHAR(64), 
	imported_at DATETIME NOT NULL, 
	rows INTEGER NOT NULL, 
	new INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO dataset VALUES(1,'synthetic/old',NULL,NULL,'2026-12-06 05:03:39.030620',1,1);
CREATE TABLE source (
	url TEXT NOT NULL, 
	name TEXT NOT NULL, 
	PRIMARY KEY (url)
);
INSERT INTO source VALUES('https://example.org/a','test');
CREATE TABLE meta (
	"key" VARCHAR(100) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE INDEX ix_observation_area ON observation (area);
CREATE INDEX ix_observation_year ON observation (year);
CREATE INDEX ix_observation_indicator ON observation (indicator);
CREATE INDEX ix_observation_dataset ON observation (dataset);
CREATE INDEX ix_dataset_name ON dataset (name);
COMMIT;
