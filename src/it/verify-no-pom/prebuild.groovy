// (invoker's preBuildHookScript) What a real checkout holds besides the definitions: a hidden
// directory of a tool (.terraform) and an earlier build's output (target/), each with a broken
// XML file that verify must not read. Made here, as git keeps neither.
new File(basedir, '.terraform').mkdirs()
new File(basedir, '.terraform/cached.xml').text = '<domain><name>broken'
new File(basedir, 'target').mkdirs()
new File(basedir, 'target/left-over.xml').text = '<domain><name>broken'
true
