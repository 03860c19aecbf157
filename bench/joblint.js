// Joblint, the older job-posting linter, over the files named on stdin (NUL-separated), in one
// process, through its library: `node bench/joblint.js JOBLINT_DIR < list`. bench/run.sh
// times it beside hirelint when JOBLINT names a Joblint checkout whose dependencies are
// installed (`npm install --omit=dev` in it). Prints the files and Joblint's issue count.
'use strict';
const fs = require('fs');
const path = require('path');

const joblint = require(path.resolve(process.argv[2], 'lib', 'joblint.js'));
const names = fs.readFileSync(0, 'latin1').split('\0').filter(Boolean);
let issues = 0;
for (const name of names) {
    issues += joblint(fs.readFileSync(name, 'utf8')).issues.length;
}
process.stdout.write(`${names.length} files, ${issues} issues\n`);
