// The site lists the address map among its reports and links the report's own pages.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('addralloc: address map of 1 file written to target/site/addralloc/index.html')
def site = new File(basedir, 'target/site')
def reports = new File(site, 'project-reports.html').getText('UTF-8')
assert reports.contains('href="addralloc/index.html"') && reports.contains('Address map')
def index = new File(site, 'addralloc/index.html').getText('UTF-8')
assert index.contains('<a href="files/vms_web01.xml.html">vms/web01.xml</a>')
assert new File(site, 'addralloc/files/vms_web01.xml.html').getText('UTF-8').contains('Domain web01')
true
