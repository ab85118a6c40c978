import "server-only";
import type { Db } from "../store/prisma";
import type { NewUser, UserUpdate, UserView } from "../protocol/api/users";
import { AppError } from "../errors";
import { newUserSchema } from "../protocol/api/users";
import { roleSchema } from "../protocol/common";
import { hashPassword, verifyPassword } from "./passwords";
import { newId } from "./secrets";

type UserRow = { id: string; email: string; name: string | null; role: string; createdAt: Date };

export function userView(row: UserRow): UserView {
  return { id: row.id, email: row.email, name: row.name, role: roleSchema.parse(row.role), createdAt: row.createdAt.toISOString() };
}

export async function countUsers(db: Db): Promise<number> {
  return db.user.count();
}

export async function createUser(db: Db, input: NewUser): Promise<UserView> {
  const existing = await db.user.findUnique({ where: { email: input.email } });
  if (existing) throw new AppError("conflict", `a user with email ${input.email} exists`);
  const row = await db.user.create({
    data: { id: newId(), email: input.email, name: input.name ?? null, role: input.role, passwordHash: await hashPassword(input.password) },
  });
  return userView(row);
}

/** The first-run path: creates an admin only while no user exists, atomically. */
export async function createFirstAdmin(db: Db, input: NewUser): Promise<UserView> {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) throw new AppError("conflict", "setup is already done; log in instead");
    const row = await tx.user.create({
      data: { id: newId(), email: input.email, name: input.name ?? null, role: "admin", passwordHash },
    });
    return userView(row);
  });
}

export async function authenticateUser(db: Db, email: string, password: string): Promise<UserView> {
  const row = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  // Verify against something even when the user is unknown, so timing does not reveal which emails exist.
  const ok = await verifyPassword(row?.passwordHash ?? "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", password);
  if (!row || !ok) throw new AppError("unauthorized", "wrong email or password");
  return userView(row);
}

export async function listUsers(db: Db): Promise<UserView[]> {
  const rows = await db.user.findMany({ orderBy: { createdAt: "asc" } });
  return rows.map(userView);
}

export async function getUser(db: Db, id: string): Promise<UserView | null> {
  const row = await db.user.findUnique({ where: { id } });
  return row ? userView(row) : null;
}

export async function updateUser(db: Db, id: string, update: UserUpdate): Promise<UserView> {
  const row = await db.user.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `no user ${id}`);
  if (row.role === "admin" && update.role && update.role !== "admin") await assertAnotherAdmin(db, id);
  const updated = await db.user.update({
    where: { id },
    data: {
      ...(update.role ? { role: update.role } : {}),
      ...(update.name ? { name: update.name } : {}),
      ...(update.password ? { passwordHash: await hashPassword(update.password) } : {}),
    },
  });
  if (update.password) await db.session.deleteMany({ where: { userId: id } });
  return userView(updated);
}

export async function deleteUser(db: Db, id: string): Promise<void> {
  const row = await db.user.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `no user ${id}`);
  if (row.role === "admin") await assertAnotherAdmin(db, id);
  await db.user.delete({ where: { id } });
}

async function assertAnotherAdmin(db: Db, exceptId: string): Promise<void> {
  const others = await db.user.count({ where: { role: "admin", id: { not: exceptId } } });
  if (others === 0) throw new AppError("conflict", "the last admin cannot be removed or demoted");
}

/** VIGIL_ADMIN_EMAIL + VIGIL_ADMIN_PASSWORD create that admin at start if it does not exist. */
export async function bootstrapAdmin(db: Db, email: string | undefined, password: string | undefined): Promise<UserView | null> {
  if (!email || !password) return null;
  const input = newUserSchema.parse({ email, password, role: "admin" });
  const existing = await db.user.findUnique({ where: { email: input.email } });
  if (existing) return userView(existing);
  return createUser(db, input);
}
