"""The file to hand ``spark-submit`` (it runs Python applications given as
``.py`` files): the ``sitrep`` command line, inside the session
``spark-submit`` sets up. Print its path with
``python -c 'import sitrep.batch.spark_submit as m; print(m.__file__)'``::

    spark-submit --master spark://head:7077 "$SCRIPT" batch /data/crawl --out /data/out --engine spark
"""

from sitrep.cli import main

if __name__ == "__main__":
    main()
