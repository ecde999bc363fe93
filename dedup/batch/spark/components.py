"""Connected components on DataFrames: the large-star / small-star method.

Each round runs a large star (every node links its larger neighbours to the smallest
node of its neighbourhood) and a small star (every node links itself and its smaller
neighbours to the smallest of them). When a round changes no edge, every node points
at the smallest node of its component. Each round's edges are checkpointed, so the
plan Spark keeps does not grow with the rounds. Nodes are article rows, so the smallest
node, and with it every group, depends only on the links, never on partitions.
"""

from __future__ import annotations

_MAX_ROUNDS = 200  # the method needs O(log n) rounds; this only guards against a bug looping


def star_components(session, edges: list[tuple[int, int]], partitions: int) -> list[list[int]]:
    """Groups of at least two nodes joined by ``edges``, each sorted, ordered by first node.

    Same result as :func:`dedup.batch.clusters.components`.
    """
    from pyspark.sql import functions as F

    if not edges:
        return []
    frame = session.createDataFrame(session.sparkContext.parallelize(edges, partitions), "a long, b long")
    current = _oriented(frame).distinct().localCheckpoint(eager=True)
    for _ in range(_MAX_ROUNDS):
        following = small_star(large_star(current)).localCheckpoint(eager=True)
        settled = following.exceptAll(current).isEmpty() and current.exceptAll(following).isEmpty()
        current.unpersist()
        current = following
        if settled:
            break
    else:  # pragma: no cover - the method converges in far fewer rounds
        raise RuntimeError(f"connected components did not settle in {_MAX_ROUNDS} rounds")
    members = current.groupBy("b").agg(F.array_sort(F.collect_list("a")).alias("members"))
    groups = sorted([row.b, *row.members] for row in members.toLocalIterator())
    current.unpersist()
    return groups


def _oriented(edges):
    """Each edge once, as ``a > b``; self-loops dropped."""
    from pyspark.sql import functions as F

    return (edges.where(F.col("a") != F.col("b"))
            .select(F.greatest("a", "b").alias("a"), F.least("a", "b").alias("b")))


def large_star(edges):
    """Link every node's larger neighbours to the smallest node of its neighbourhood (itself included)."""
    from pyspark.sql import functions as F

    both = edges.unionByName(edges.select(F.col("b").alias("a"), F.col("a").alias("b")))
    smallest = both.groupBy("a").agg(F.least(F.min("b"), F.col("a")).alias("m"))
    larger = both.where(F.col("b") > F.col("a")).join(smallest, "a")
    return _oriented(larger.select(F.col("b").alias("a"), F.col("m").alias("b"))).distinct()


def small_star(edges):
    """Link every node and its smaller neighbours to the smallest of them (edges come as ``a > b``)."""
    from pyspark.sql import functions as F

    smallest = edges.groupBy("a").agg(F.min("b").alias("m"))
    joined = edges.join(smallest, "a")
    neighbours = joined.select(F.col("b").alias("a"), F.col("m").alias("b"))
    selves = smallest.select("a", F.col("m").alias("b"))
    return _oriented(neighbours.unionByName(selves)).distinct()
