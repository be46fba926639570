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
    interface PageState {
      /** The registration page's data while its form is open in a dialog over the landing page (shallow routing). */
      registerForm?: Record<string, unknown>;
    }
  }
}

export {};
