import DocketSupport
import Foundation

/// A softmax (multinomial logistic) classifier: the heads Docket trains for document types and
/// for picking each field's value among candidates. Small, deterministic under a seed, and
/// trained by mini-batch gradient descent with L2 regularization on standardized inputs.
public struct LinearHead: Codable, Sendable, Equatable {
    public var classes: [String]
    public var inputs: Int
    /// [classes × inputs], row-major.
    public var weights: [Float]
    public var bias: [Float]
    /// Per-input mean and scale applied before the weights.
    public var mean: [Float]
    public var scale: [Float]

    public struct Options: Sendable {
        public var epochs = 60
        public var learningRate: Float = 0.1
        public var l2: Float = 1e-4
        public var batch = 32
        public var seed: UInt64 = 1
        /// Weight of positive examples in a two-class head (candidates are mostly negatives).
        public var positiveWeight: Float = 1
        public init() {}
    }

    /// Probabilities per class, in `classes` order.
    public func probabilities(_ x: [Float]) -> [Float] {
        softmaxOfLogits(standardized: standardize(x))
    }

    /// log(p(yes) / p(no)) of a two-class head, from its logits: exact however sure the head
    /// is, where the log of rounded probabilities stops near ±16 and ties every sure candidate.
    public func logOdds(_ x: [Float]) -> Float {
        precondition(classes.count == 2, "log-odds need a two-class head, this one has \(classes.count)")
        let z = logits(standardized: standardize(x))
        return z[1] - z[0]
    }

    /// An input in the units the weights were trained in.
    func standardize(_ x: [Float]) -> [Float] {
        precondition(x.count == inputs, "head expects \(inputs) inputs, got \(x.count)")
        return (0..<inputs).map { (x[$0] - mean[$0]) * scale[$0] }
    }

    /// weights · x + bias per class, for an input already standardized.
    func logits(standardized x: [Float]) -> [Float] {
        var z = bias
        for c in 0..<classes.count {
            var sum: Float = 0
            let row = c * inputs
            for i in 0..<inputs { sum += weights[row + i] * x[i] }
            z[c] += sum
        }
        return z
    }

    /// Softmax of weights · x + bias for an input already standardized.
    func softmaxOfLogits(standardized x: [Float]) -> [Float] {
        let z = logits(standardized: x)
        let top = z.max() ?? 0
        let e = z.map { Foundation.exp($0 - top) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }

    /// Trains on examples (inputs, class index). Deterministic for a given seed and order.
    public static func train(classes: [String], examples: [([Float], Int)], options: Options = Options()) -> LinearHead {
        precondition(!examples.isEmpty && !classes.isEmpty)
        let n = examples[0].0.count, k = classes.count
        var mean = [Float](repeating: 0, count: n), scale = [Float](repeating: 1, count: n)
        for (x, _) in examples { for i in 0..<n { mean[i] += x[i] } }
        for i in 0..<n { mean[i] /= Float(examples.count) }
        var variance = [Float](repeating: 0, count: n)
        for (x, _) in examples { for i in 0..<n { let d = x[i] - mean[i]; variance[i] += d * d } }
        for i in 0..<n { let sd = (variance[i] / Float(examples.count)).squareRoot(); scale[i] = sd > 1e-6 ? 1 / sd : 0 }
        var head = LinearHead(classes: classes, inputs: n, weights: [Float](repeating: 0, count: k * n),
                              bias: [Float](repeating: 0, count: k), mean: mean, scale: scale)
        let standardized = examples.map { (x, y) in (zip(x, zip(mean, scale)).map { ($0 - $1.0) * $1.1 }, y) }
        var order = Array(standardized.indices)
        var random = SeededRandom(state: options.seed)
        for epoch in 0..<options.epochs {
            order.shuffle(using: &random)
            let rate = options.learningRate / (1 + Float(epoch) * 0.05)
            for start in stride(from: 0, to: order.count, by: options.batch) {
                let batch = order[start..<min(start + options.batch, order.count)]
                var gradW = [Float](repeating: 0, count: k * n), gradB = [Float](repeating: 0, count: k)
                for index in batch {
                    let (x, y) = standardized[index]
                    let p = head.softmaxOfLogits(standardized: x)
                    let weight: Float = k == 2 && y == 1 ? options.positiveWeight : 1
                    for c in 0..<k {
                        let g = (p[c] - (c == y ? 1 : 0)) * weight
                        gradB[c] += g
                        for i in 0..<n { gradW[c * n + i] += g * x[i] }
                    }
                }
                let step = rate / Float(batch.count)
                for j in 0..<(k * n) { head.weights[j] -= step * gradW[j] + rate * options.l2 * head.weights[j] }
                for c in 0..<k { head.bias[c] -= step * gradB[c] }
            }
        }
        return head
    }
}
