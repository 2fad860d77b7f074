// Entry point of the console (web/), built by Vite into dist/web.
import { render } from 'preact';
import { App } from './app.tsx';
import './styles.css';
import { takeSignInLink } from './credential.ts';

takeSignInLink();

const root = document.getElementById('app');
if (root) render(<App />, root);
