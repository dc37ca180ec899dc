import ArgumentParser
import OutcomeAnalysis

/// `outcomes simulate`: a synthetic cohort from a documented generative model.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic cohort CSV (and its true parameters as JSON beside it).",
        discussion: """
            The same seed gives a byte-identical file on every machine. With --out FILE the true
            parameters go to FILE with the extension replaced by .truth.json.
            Example:
              outcomes simulate --patients 300 --seed 2026 --out Datasets/example_cohort.csv
            """)

    @Option(help: "Number of patients (each has visits at weeks 0, 2, 4, 6, 8 and 10).")
    var patients: Int

    @Option(help: "Seed of the generator.")
    var seed: UInt64

    @Option(help: "Output CSV file; standard output when absent.")
    var out: String?

    func validate() throws {
        guard patients > 0 else { throw ValidationError("--patients must be at least 1, got \(patients)") }
    }

    func run() throws {
        try reportingFailures {
            let request = SimulationRequest(patients: patients, seed: seed)
            if let out {
                let truthPath = try request.write(to: out)
                printError("wrote \(out) and \(truthPath)")
            } else {
                print(request.csv(), terminator: "")
            }
        }
    }
}
