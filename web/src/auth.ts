import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { User } from './api/types';

export interface AuthState {
  user: User;
  /** Admins may change things; viewers get a read-only dashboard with no write controls. */
  canWrite: boolean;
  isAdmin: boolean;
}

export const AuthContext = createContext<AuthState>({
  user: { id: '', username: '', role: 'viewer' },
  canWrite: false,
  isAdmin: false,
});

export const useAuth = (): AuthState => useContext(AuthContext);
