// drizzle-kit writes SQL migrations straight into migrations/, which is wrangler's migrations_dir.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./worker/db/schema.ts",
  out: "./migrations",
});
