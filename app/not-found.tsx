import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 text-center">
      <p className="text-5xl font-semibold text-zinc-400">404</p>
      <p className="text-zinc-300">There is no page at this address.</p>
      <Link href="/" className="text-sm text-sky-300 hover:underline">
        Back to the overview
      </Link>
    </main>
  );
}
