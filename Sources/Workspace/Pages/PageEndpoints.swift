import Hummingbird

/// The page: its HTML shell, script and style (placeholder until the page lands).
enum PageEndpoints {
  static let list: [Endpoint] = [
    Endpoint(.get, "/", .anyone, "The workspace page.") { _, _, _ in
      Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "<!doctype html><title>quotaplan</title>")))
    }
  ]
}
