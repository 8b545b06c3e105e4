// (invoker's preBuildHookScript) Makes this project the top of a repository, as a checkout is:
// SARIF names files from there, and Warnings NG resolves them from there.
new File(basedir, '.git').mkdirs()
true
