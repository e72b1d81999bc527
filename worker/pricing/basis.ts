/**
 * The price basis: what pricing needs to know about one database to find its compute price.
 *
 * Owns: the `PriceBasis` shape that discovery writes as JSON into D1 (`instances.price_basis`) and
 * the zod schema that validates it when it is read back. Unknown extra keys are stripped, so a
 * basis written by a newer version still reads.
 *
 * Never: looks prices up (see catalog.ts), performs I/O, or guesses a missing fact — a field that
 * discovery could not see stays absent and pricing answers "unknown" where the fact matters.
 */
import { z } from "zod";

export interface PriceBasis {
  provider: "aws" | "gcp";
  kind: "rds_instance" | "aurora_cluster" | "cloudsql_instance";
  region: string;
  /** AWS engine as RDS names it (mysql, postgres, mariadb, sqlserver-se|ex|web|ee, oracle-se2,
   *  oracle-ee, aurora-mysql, aurora-postgresql); GCP databaseVersion (POSTGRES_15, MYSQL_8_0, SQLSERVER_2019_STANDARD...) */
  engine: string;
  /** db.t3.micro ... ; Cloud SQL tier (db-custom-2-7680, db-f1-micro, db-g1-small, db-perf-optimized-N-4) */
  instanceClass: string | null;
  /** RDS Multi-AZ; Cloud SQL availabilityType REGIONAL */
  multiAz?: boolean;
  /** RDS LicenseModel: "license-included" | "bring-your-own-license" | "general-public-license" | "postgresql-license" */
  licenseModel?: string | null;
  /** Aurora provisioned: the cluster's instances */
  members?: { instanceClass: string | null }[];
  /** Aurora Serverless v2 capacity range (ACUs) */
  serverless?: { minCapacity: number; maxCapacity: number };
  /** Cloud SQL edition */
  edition?: "ENTERPRISE" | "ENTERPRISE_PLUS";
}

const capacity = z.number().finite().min(0).max(256);

export const PriceBasisSchema: z.ZodType<PriceBasis> = z.object({
  provider: z.enum(["aws", "gcp"]),
  kind: z.enum(["rds_instance", "aurora_cluster", "cloudsql_instance"]),
  region: z.string().min(1).max(64),
  engine: z.string().min(1).max(64),
  instanceClass: z.string().min(1).max(64).nullable(),
  multiAz: z.boolean().optional(),
  licenseModel: z.string().max(64).nullable().optional(),
  members: z.array(z.object({ instanceClass: z.string().min(1).max(64).nullable() })).max(64).optional(),
  serverless: z
    .object({ minCapacity: capacity, maxCapacity: capacity })
    .refine((s) => s.minCapacity <= s.maxCapacity, { message: "minCapacity must not exceed maxCapacity" })
    .optional(),
  edition: z.enum(["ENTERPRISE", "ENTERPRISE_PLUS"]).optional(),
});
