import { useState } from 'react';
import { SignInPage } from './SignInPage';
import { ResetWithCodePage } from './ResetWithCodePage';
import { RecoverOwnerPage } from './RecoverOwnerPage';

/** What a signed-out terminal shows: sign-in, or one of the two recovery paths. */
export function SignedOutScreens() {
  const [view, setView] = useState<'signIn' | 'reset' | 'recover'>('signIn');
  if (view === 'reset') return <ResetWithCodePage onBack={() => setView('signIn')} />;
  if (view === 'recover') return <RecoverOwnerPage onBack={() => setView('signIn')} />;
  return <SignInPage onResetWithCode={() => setView('reset')} onRecoverOwner={() => setView('recover')} />;
}
