import { setup } from './tmp-guard.js';

export default setup;
