import { teardown } from './tmp-guard.js';

export default teardown;
