// Opening a library on first use: a missing one is a message that names the
// Debian package to install, never a crash; a present one opens once.

import CLazyLoad
import XCTest

final class LazyLoadTests: XCTestCase {
    func message(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func testAMissingLibraryIsAMessageNamingThePackage() {
        "libfls-no-such-library.so.7".withCString { name in
            var library = fls_lazy_library()
            library.names.0 = name
            library.purpose = ("testing" as StaticString).utf8Start.withMemoryRebound(to: CChar.self, capacity: 8) {
                $0
            }
            library.package = ("fls-test-package" as StaticString).utf8Start.withMemoryRebound(
                to: CChar.self, capacity: 17
            ) { $0 }
            var buffer = [CChar](repeating: 0, count: 600)
            XCTAssertEqual(fls_lazy_open(&library, &buffer, buffer.count), 0)
            XCTAssertNil(library.handle)
            let text = message(buffer)
            XCTAssertTrue(
                text.hasPrefix("testing needs libfls-no-such-library.so.7, which could not be loaded ("), text)
            XCTAssertTrue(text.hasSuffix("install it with `apt-get install fls-test-package`"), text)
        }
    }

    func testTheFirstNameThatExistsIsOpenedOnce() {
        "libfls-no-such-library.so.7".withCString { missing in
            "libz.so.1".withCString { zlib in
                var library = fls_lazy_library()
                library.names.0 = missing
                library.names.1 = zlib
                var buffer = [CChar](repeating: 0, count: 600)
                XCTAssertEqual(fls_lazy_open(&library, &buffer, buffer.count), 1, message(buffer))
                let handle = library.handle
                XCTAssertNotNil(handle)
                XCTAssertNotNil(fls_lazy_symbol(&library, "zlibVersion"))
                XCTAssertEqual(fls_lazy_open(&library, nil, 0), 1)
                XCTAssertEqual(library.handle, handle)
            }
        }
    }
}
