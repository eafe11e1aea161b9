import type { MigrationFile } from './migration-files'
import type { AppliedMigration } from './plan'

/** One database being migrated: the runner asks what is applied and applies one migration per transaction. */
export type MigrationTarget = {
  applied(): Promise<AppliedMigration[]>
  /** Runs the migration and records it in one transaction; false when another migrator got there first. */
  apply(migration: MigrationFile): Promise<boolean>
  close(): Promise<void>
}
