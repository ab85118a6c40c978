import "server-only";
import type { Db } from "../store/prisma";
import type { NewUser, UserUpdate, UserView } from "../protocol/api/users";
import { AppError } from "../errors";
import { newUserSchema } from "../protocol/api/users";
import { roleSchema } from "../protocol/common";
import { deleteSessionsOfUser } from "../store/sessions";
import {
  countAdminsOtherThan, countUserRows, deleteUserRow, findUserByEmail, findUserById, insertFirstUser, insertUser, listUserRows, updateUserRow,
} from "../store/users";
import { hashPassword, verifyPassword } from "./passwords";
import { newId } from "./secrets";

type UserRow = { id: string; email: string; name: string | null; role: string; createdAt: Date };

export function userView(row: UserRow): UserView {
  return { id: row.id, email: row.email, name: row.name, role: roleSchema.parse(row.role), createdAt: row.createdAt.toISOString() };
}

export async function countUsers(db: Db): Promise<number> {
  return countUserRows(db);
}

export async function createUser(db: Db, input: NewUser): Promise<UserView> {
  const existing = await findUserByEmail(db, input.email);
  if (existing) throw new AppError("conflict", `a user with email ${input.email} exists`);
  const row = await insertUser(db, { id: newId(), email: input.email, name: input.name ?? null, role: input.role, passwordHash: await hashPassword(input.password) });
  return userView(row);
}

/**
 * The first-run path: creates an admin only while no user exists and only with a valid setup
 * code (its hash, `lib/auth/setup-code.ts`), atomically; the setup codes die with it.
 */
export async function createFirstAdmin(db: Db, input: NewUser, setupCodeHash: string): Promise<UserView> {
  const passwordHash = await hashPassword(input.password);
  const outcome = await insertFirstUser(db, { id: newId(), email: input.email, name: input.name ?? null, role: "admin", passwordHash }, setupCodeHash);
  if (outcome.kind === "exists") throw new AppError("conflict", "setup is already done; log in instead");
  if (outcome.kind === "bad_code") throw new AppError("forbidden", "wrong setup code");
  return userView(outcome.row);
}

export async function authenticateUser(db: Db, email: string, password: string): Promise<UserView> {
  const row = await findUserByEmail(db, email.trim().toLowerCase());
  // Verify against something even when the user is unknown, so timing does not reveal which emails exist.
  const ok = await verifyPassword(row?.passwordHash ?? "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", password);
  if (!row || !ok) throw new AppError("unauthorized", "wrong email or password");
  return userView(row);
}

export async function listUsers(db: Db): Promise<UserView[]> {
  const rows = await listUserRows(db);
  return rows.map(userView);
}

export async function getUser(db: Db, id: string): Promise<UserView | null> {
  const row = await findUserById(db, id);
  return row ? userView(row) : null;
}

export async function updateUser(db: Db, id: string, update: UserUpdate): Promise<UserView> {
  const row = await findUserById(db, id);
  if (!row) throw new AppError("not_found", `no user ${id}`);
  if (row.role === "admin" && update.role && update.role !== "admin") await assertAnotherAdmin(db, id);
  const updated = await updateUserRow(db, id, {
    ...(update.role ? { role: update.role } : {}),
    ...(update.name ? { name: update.name } : {}),
    ...(update.password ? { passwordHash: await hashPassword(update.password) } : {}),
  });
  if (update.password) await deleteSessionsOfUser(db, id);
  return userView(updated);
}

export async function deleteUser(db: Db, id: string): Promise<void> {
  const row = await findUserById(db, id);
  if (!row) throw new AppError("not_found", `no user ${id}`);
  if (row.role === "admin") await assertAnotherAdmin(db, id);
  await deleteUserRow(db, id);
}

async function assertAnotherAdmin(db: Db, exceptId: string): Promise<void> {
  const others = await countAdminsOtherThan(db, exceptId);
  if (others === 0) throw new AppError("conflict", "the last admin cannot be removed or demoted");
}

/** VIGIL_ADMIN_EMAIL + VIGIL_ADMIN_PASSWORD create that admin at start if it does not exist. */
export async function bootstrapAdmin(db: Db, email: string | undefined, password: string | undefined): Promise<UserView | null> {
  if (!email || !password) return null;
  const input = newUserSchema.parse({ email, password, role: "admin" });
  const existing = await findUserByEmail(db, input.email);
  if (existing) return userView(existing);
  return createUser(db, input);
}
