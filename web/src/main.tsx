import { render } from 'preact';
import { App } from './app';
import { initTheme } from './theme';
import './theme.css';

initTheme();
const root = document.getElementById('app');
if (root) render(<App />, root);
