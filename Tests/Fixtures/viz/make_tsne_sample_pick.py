#!/usr/bin/env python3
"""scikit-learn's t-SNE trustworthiness on the kit's picture of the sample data.

The rows are those notebook 03 draws: 16 random signatures per person
(seed(0), permutation per person) from `fls sample-data --scale tiny` (seed 0),
L2-normalised. FLS makes the pick; scikit-learn embeds the same rows with its
defaults (Barnes-Hut). Writes tsne_sample_pick.json beside this script.

Run: python3 Tests/Fixtures/viz/make_tsne_sample_pick.py .build/debug/fls
"""
import json, os, subprocess, sys, tempfile
import numpy as np
import sklearn
from sklearn.manifold import TSNE, trustworthiness
from threadpoolctl import threadpool_limits

PICK = """
sigs = read_signatures(env("D") + "/signatures.pkl")
seed(0)
ids = enumerate_paths(sigs.paths)
runs = split_by(range(len(sigs.paths)), ids.person)
pick = concat(map(runs, fn(r) = sort(r[permutation(len(r))[:16]])))
save_npy(env("OUT"), normalize(sigs.signatures[pick]))
"""

fls = sys.argv[1]
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([fls, "sample-data", tmp + "/tiny", "--scale", "tiny", "--seed", "0"], check=True, capture_output=True)
    with open(tmp + "/pick.fls", "w") as f:
        f.write(PICK)
    env = dict(os.environ, D=tmp + "/tiny", OUT=tmp + "/x.npy")
    subprocess.run([fls, tmp + "/pick.fls"], check=True, env=env)
    x = np.load(tmp + "/x.npy")
out = {"rows": int(x.shape[0]), "sklearn": sklearn.__version__}
# One thread (its multi-threaded sums vary run to run); the mean over four
# random states, since one run of scikit-learn varies by about +-0.01 here.
with threadpool_limits(1):
    for perplexity in (20, 30):
        scores = [trustworthiness(x, TSNE(perplexity=perplexity, random_state=rs).fit_transform(x), n_neighbors=5)
                  for rs in range(4)]
        out[f"sklearn_trustworthiness_p{perplexity}"] = round(float(np.mean(scores)), 4)
        out[f"sklearn_trustworthiness_p{perplexity}_runs"] = [round(float(v), 4) for v in scores]
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "tsne_sample_pick.json"), "w") as f:
    json.dump(out, f, indent=1)
print(out)
