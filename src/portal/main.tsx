import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { SessionProvider } from './api/session';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    // Answers from the server stay fresh until a live event or a change of ours says otherwise.
    queries: { staleTime: 30_000, refetchOnWindowFocus: true, retry: false },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <App />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
