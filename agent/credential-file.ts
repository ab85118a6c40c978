import fs from "node:fs";
import path from "node:path";
import type { CredentialStore } from "./client";

/**
 * The node credential in `<state dir>/credential`, readable by the agent's user only. Written
 * to a temporary file first, so a crash never leaves half a credential behind.
 */
export function fileCredentialStore(dir: string): CredentialStore {
  const file = path.join(dir, "credential");
  return {
    load() {
      try {
        const text = fs.readFileSync(file, "utf8").trim();
        return text.length > 0 ? text : undefined;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    save(credential) {
      fs.mkdirSync(dir, { recursive: true });
      const temporary = `${file}.tmp`;
      fs.writeFileSync(temporary, `${credential}\n`, { mode: 0o600 });
      fs.chmodSync(temporary, 0o600);
      fs.renameSync(temporary, file);
    },
    clear() {
      fs.rmSync(file, { force: true });
    },
  };
}
