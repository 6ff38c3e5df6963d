// The "Data" family: reading the kit's files (the image tar, pose and
// signature pickles, single JPEGs) and saving values as pickles. The file
// formats live in FLSFormats; these entries map them onto FLS values and
// phrase every failure as an error naming the file.

import FLS
import FLSFormats

extension Kit {
    /// load_tar, read_images, load_image, save_image, load_pickle, save_pickle, read_pose, read_signatures.
    static var data: [Primitive] {
        [loadTar, readImages, loadImage, saveImage, loadPickle, savePickle, readPose, readSignatures]
    }

    static var loadTar: Primitive {
        Primitive(
            "load_tar", family: "Data", params: [Param("path")],
            summary: "Open a tar of JPEG crops for random access by position or path.",
            doc: """
                Indexes the tar once (with a progress bar on a terminal) and caches the index beside it, \
                so opening it again is instant. The result is an archive: `a.paths` is the sorted `str[N]` \
                array of member paths, `len(a)` their count, `a[i]` (negative counts from the end) or \
                `a["person_0000/video_0002/seq_0000/frame_00000.jpg"]` the decoded `u8[H,W,3]` RGB image. \
                If the tar changes after its index was cached, reads fail with a message telling you to \
                delete the cache file.
                """
        ) { args, ctx in
            .handle(try Archive.open(try args.string(0), host: ctx.host))
        }
    }

    static var readImages: Primitive {
        Primitive(
            "read_images", family: "Data", params: [Param("a"), Param("paths")],
            summary: "Decode many images of an archive at once into one u8[N,H,W,3] array.",
            doc: """
                `paths` is a str array (or list) of member paths, an int array of positions in \
                `a.paths` (negative counts from the end), or a bool mask over `a.paths`. Images are decoded \
                in parallel on every core, in the order given; all must have the first one's size. \
                Ctrl-C stops the batch with an "interrupted" error.
                """
        ) { args, ctx in
            guard case .handle(let h) = args[0], let archive = h as? Archive else {
                throw RuntimeError(
                    "read_images: argument 'a' must be an archive from load_tar, got \(args[0].kindName)")
            }
            let positions = try archive.positions(args[1])
            if let first = positions.first { try archive.checkDecodedSize(count: positions.count, first: first) }
            let bar = ProgressBar(host: ctx.host, label: "decoding \(groupedDigits(positions.count)) images")
            defer { bar?.finish() }
            let progress: ((Int, Int) -> Void)? = bar.map { b in { done, total in b.update(done, total) } }
            do {
                let images = try DataFile.naming(archive.tar.path) {
                    try archive.tar.readImages(
                        indices: positions, progress: progress, shouldStop: { Interrupt.requested })
                }
                return .array(PickleMapping.array(images))
            } catch is ReadInterrupted {
                try Interrupt.check()
                throw RuntimeError("interrupted")
            }
        }
    }

    static var loadImage: Primitive {
        Primitive(
            "load_image", family: "Data", params: [Param("path")],
            summary: "Read one JPEG file as a u8[H,W,3] RGB array.",
            doc:
                "Pixels are as stored (no EXIF rotation); grayscale JPEGs are expanded to three equal channels. A CMYK JPEG gives u8[H,W,4], its CMYK channels as Pillow's `Image.open` returns them. A truncated or damaged JPEG is an error (Pillow: \"image file is truncated\"), never an image padded with grey.",
            examples: [
                Example(
                    "save_image(\"grey.jpg\", astype(full([2, 3, 3], 128), \"u8\"))\nload_image(\"grey.jpg\") |> shape",
                    "i64[3] [2 3 3]"),
                Example(
                    "save_image(\"grey.jpg\", astype(full([2, 3, 3], 128), \"u8\"))\nload_image(\"grey.jpg\")[0, 0]",
                    "u8[3] [128 128 128]"),
            ]
        ) { args, _ in
            let path = try args.string(0)
            let bytes = try DataFile.readAll(path)
            // The header's declared size is asked for before decoding.
            let size = try DataFile.naming(path) { try JPEG.size(bytes) }
            _ = try Limits.elementCount([size.height, size.width, 3], .u8)
            let image = try DataFile.naming(path) { try JPEG.decode(bytes) }
            return .array(NDArray(shape: [image.height, image.width, image.channels], storage: .u8(image.pixels)))
        }
    }

    static var saveImage: Primitive {
        Primitive(
            "save_image", family: "Data", params: [Param("path"), Param("image"), Param("quality", .int(95))],
            summary: "Write a u8[H,W,3] RGB array (or u8[H,W] gray) as a JPEG file.",
            doc:
                "`quality` runs from 1 to 100. JPEG is lossy: `load_image` gives back close, not always equal, pixels.",
            examples: [
                Example(
                    "save_image(\"dot.jpg\", zeros([4, 4, 3]) |> astype(\"u8\"))\nshape(load_image(\"dot.jpg\"))",
                    "i64[3] [4 4 3]")
            ]
        ) { args, _ in
            let path = try args.string(0)
            let image = try args.array(1)
            let quality = try args.int(2)
            guard (1...100).contains(quality) else {
                throw RuntimeError("save_image: quality must be between 1 and 100, got \(quality)")
            }
            guard image.dtype == .u8, case .u8(let pixelBuffer) = image.storage,
                (image.ndim == 3 && image.shape[2] == 3) || image.ndim == 2
            else {
                throw RuntimeError(
                    "save_image: 'image' must be a u8[H,W,3] or u8[H,W] array, got \(args[1].kindName)",
                    hint: "convert with astype(clip(x, 0, 255), \"u8\")")
            }
            var pixels = pixelBuffer.array
            let height = image.shape[0]
            let width = image.shape[1]
            guard height > 0, width > 0, height <= 65_535, width <= 65_535 else {
                throw RuntimeError("save_image: a JPEG must be 1 to 65535 pixels on each side, got \(width)x\(height)")
            }
            if image.ndim == 2 { pixels = pixels.flatMap { [$0, $0, $0] } }
            let bytes = try DataFile.naming(path) {
                try JPEG.encodeRGB(pixels, width: width, height: height, quality: quality)
            }
            try DataFile.writeAll(path, bytes)
            return .null
        }
    }

    static var loadPickle: Primitive {
        Primitive(
            "load_pickle", family: "Data", params: [Param("path")],
            summary: "Load a Python pickle (Python 2 or 3, numpy arrays) as FLS values.",
            doc: """
                Dicts become records (keys as text), numpy arrays typed arrays (sharing the loaded buffer), \
                numpy scalars 0-d arrays. A list of only strings becomes a `str` array, of only numbers an \
                `i64` array (`f64` if any is a float), of only bools a `bool` array; other lists, tuples and \
                sets become lists. `bytes` become `u8[N]`, `None` null. Only plain data and numpy arrays load: \
                a pickle naming any other Python callable is refused.
                """,
            examples: [
                Example(
                    "save_pickle(\"tiny.pkl\", {paths: [\"a.jpg\", \"b.jpg\"], scores: [0.5, 1]})\nload_pickle(\"tiny.pkl\")",
                    "paths: str[2] ['a.jpg' 'b.jpg']\nscores: f64[2] [0.5 1. ]"),
                Example(
                    "save_pickle(\"mixed.pkl\", list(1, \"two\", null))\nload_pickle(\"mixed.pkl\")",
                    "list(1, \"two\", null)"),
            ]
        ) { args, _ in
            let path = try args.string(0)
            return try DataFile.naming(path) { try PickleMapping.value(try Pickle.load(path: path, packStrings: true)) }
        }
    }

    static var savePickle: Primitive {
        Primitive(
            "save_pickle", family: "Data", params: [Param("path"), Param("value")],
            summary: "Save a value as a Python pickle (protocol 2, readable by Python 2 and 3).",
            doc: """
                Records become dicts, lists lists, arrays numpy arrays of the same dtype (0-d arrays too), \
                `str` arrays Python lists of str (as the kit's `paths`), strings, numbers, booleans and null \
                their Python equivalents. Python reads the file with `pickle.load(f, encoding="latin1")`. \
                Functions and archives cannot be saved.
                """,
            examples: [
                Example(
                    "save_pickle(\"ids.pkl\", {person: [0, 0, 1], name: \"demo\"})\nload_pickle(\"ids.pkl\").person",
                    "i64[3] [0 0 1]")
            ]
        ) { args, _ in
            let path = try args.string(0)
            let value = try PickleMapping.pickle(args[1])
            try DataFile.naming(path) { try Pickle.save(value, path: path) }
            return .null
        }
    }

    static var readPose: Primitive {
        Primitive(
            "read_pose", family: "Data", params: [Param("path")],
            summary: "Load a pose.pkl as {paths, keypoints, scores}, checking its shapes.",
            doc: """
                `keypoints` is `(N, 17, 2)` (x, y in the crop, MS-COCO order, see `COCO_KEYPOINTS`) and \
                `scores` `(N, 17)`, with the dtypes stored in the file (f64 and f32 in the kit's files); \
                `paths` is `str[N]`. A missing key, a wrong shape or lengths that disagree is an error \
                naming the file.
                """,
            examples: [
                Example(
                    """
                    save_pickle("pose.pkl", {paths: ["f0.jpg"], keypoints: zeros([1, 17, 2]), scores: astype(ones([1, 17]), "f32")})
                    p = read_pose("pose.pkl")
                    print(p.keypoints.shape, p.scores.dtype)
                    p.paths
                    """, "[ 1 17  2] f32\nstr[1] ['f0.jpg']")
            ]
        ) { args, _ in
            .record(try DataTables.pose(try args.string(0)))
        }
    }

    static var readSignatures: Primitive {
        Primitive(
            "read_signatures", family: "Data", params: [Param("path")],
            summary: "Load a signatures.pkl as {paths, signatures}, checking its shapes.",
            doc: """
                `signatures` is `(M, D)` (f32, D = 2048 in the kit's files), one row per path; `paths` is \
                `str[M]`. Join with pose rows through `paths`.
                """,
            examples: [
                Example(
                    """
                    save_pickle("sigs.pkl", {paths: ["a.jpg", "b.jpg"], signatures: astype(ones([2, 4]), "f32")})
                    s = read_signatures("sigs.pkl")
                    s.signatures
                    """, "f32[2,4]\n[[1. 1. 1. 1.]\n [1. 1. 1. 1.]]")
            ]
        ) { args, _ in
            .record(try DataTables.signatures(try args.string(0)))
        }
    }
}
