import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata = { title: "Darkroom gallery" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header>
          <Link href="/">Darkroom gallery</Link>
        </header>
        {children}
      </body>
    </html>
  );
}
