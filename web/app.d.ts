import type { JwtClaims } from '#server/db/index.ts';
import type { AppRole } from '#server/auth/index.ts';

declare global {
  namespace App {
    interface Locals {
      /** Verified JWT claims of the signed-in user; null for anonymous visitors. */
      claims: JwtClaims | null;
      role: AppRole | null;
    }
    interface Error {
      message: string;
    }
  }
}

export {};
