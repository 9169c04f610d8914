/** Imports every matcher that ships with Whorl so that it registers itself. */
import './baseline.js';
import './cnn.js';
