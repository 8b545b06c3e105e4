def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('[WARNING] addralloc: no domain or network file found in src/main/resources, src/test/resources, but 2 .xml files elsewhere under the project have a <domain> or <network> root (vms/db01.xml, vms/web01.xml); to check them, set <directories><directory>vms</directory></directories> in the plugin\'s configuration, or -Daddralloc.directories=vms')
true
