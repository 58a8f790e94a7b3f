// Migration 3: a cache of the residence units as one block of columns (shared/io/residence-columns.ts),
// what a large project's renderer loads instead of a million records. Written when first asked for
// (opening a large project asks at once); any change to the residences deletes it in the same
// transaction.
import type Database from 'better-sqlite3';

export function up(db: Database.Database): void {
  db.exec('CREATE TABLE snp_residence_columns (part INTEGER PRIMARY KEY, data BLOB NOT NULL)');
}
