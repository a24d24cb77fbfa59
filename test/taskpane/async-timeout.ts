/**
 * Import after jsdom-polyfills in a pane test file. findBy…/waitFor give up after 1 s by default;
 * a pane test waits for a whole calculation (worker messages, React renders), and on a loaded
 * 2-core CI machine that has taken 2.5 s (session 6). The assertions are the same; a real failure
 * still fails, only later.
 */
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 10_000 });
