"""Runs one `provenance verify --shard K/N --attest` per shard as Dask tasks, on a LocalCluster of two worker processes
(loopback only), or on the cluster DASK_SCHEDULER_ADDRESS names. The tool must be installed where the workers run."""
import argparse
import os
import shlex
import subprocess
import sys

from distributed import Client, LocalCluster, get_worker


def verify_shard(tool, manifest, index, count, out):
    command = shlex.split(tool) + ["verify", manifest, "--shard", f"{index}/{count}", "--attest", out]
    done = subprocess.run(command, cwd=os.path.dirname(manifest), capture_output=True, text=True)
    return index, get_worker().address, done.returncode, done.stdout + done.stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True)
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    address = os.environ.get("DASK_SCHEDULER_ADDRESS")
    cluster = None
    if address:
        client = Client(address)
    else:
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    try:
        futures = [client.submit(verify_shard, args.tool, os.path.abspath(args.manifest), k, args.shards,
                                 os.path.join(os.path.abspath(args.out), f"shard-{k}.json"), pure=False)
                   for k in range(1, args.shards + 1)]
        failed = 0
        for index, worker, code, output in client.gather(futures):
            print(f"shard {index}/{args.shards} on worker {worker}: exit {code}")
            print("  " + output.strip().replace("\n", "\n  "))
            failed += code != 0
        workers = len(client.scheduler_info()["workers"])
        print(f"{args.shards} shards on {workers} worker(s), {failed} failed")
        return 1 if failed else 0
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    sys.exit(main())
